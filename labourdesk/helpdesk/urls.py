app_name = "helpdesk"
urlpatterns: list = []
