"""The class report: trainees' progress summaries read, ranked by weakness, shown as a table, JSON or an HTML page."""
