"""Verified patient actions on the EHR over FHIR R4 (appointments, provider directory, refills); see README.md."""
