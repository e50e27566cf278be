from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "example_project.demo"
    label = "musiclib_demo"
    verbose_name = "Demo data"
