"""The intake wizard: the intake questions page by page, in the coach's and the participant's language."""
