"""Outreach campaigns: post-discharge check-ins, reminders and preventive nudges through the helpdesk."""
