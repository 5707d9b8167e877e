"""Networks: reading them and their settings (Themenkreise, Ländergruppen)."""
