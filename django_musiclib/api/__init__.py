"""REST plumbing shared by every django-musiclib app. It imports no app of its own."""
