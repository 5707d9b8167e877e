"""GDPR (DSGVO): data export, erasure and retention."""
