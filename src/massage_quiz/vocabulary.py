"""The words of the domain, importable without loading the content machinery."""

TOPICS = ("techniques", "acupoints", "contraindications", "questions")

# Singular kind -> the topic (and top-level YAML key) it is listed under.
KIND_TOPIC = {
    "technique": "techniques",
    "acupoint": "acupoints",
    "contraindication": "contraindications",
    "question": "questions",
}

RULES = {
    "refer": "Do not massage; refer the client",
    "avoid-area": "Avoid the area; massage elsewhere only",
    "adapt": "Adapt: gentle work only, or only under a physician's guidance",
}

QUESTION_KINDS = ("typed", "choice", "true-false", "order")
