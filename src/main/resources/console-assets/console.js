// filled in with the dashboard
