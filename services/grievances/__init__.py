"""Grievances: complaints, requests and whistleblower reports with deadlines."""
