"""Courses: an instructor's content carried inside the .apkg, installed and drilled by trainees."""
