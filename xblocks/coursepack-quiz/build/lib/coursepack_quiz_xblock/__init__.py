"""The coursepack quiz as an Open edX XBlock (entry point `coursepack_quiz`)."""
