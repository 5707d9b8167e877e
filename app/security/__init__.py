"""Security measures shared by the features: login throttling per account, response headers."""
