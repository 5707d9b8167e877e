"""A tile grid of the 16 Länder (column, row), roughly where they lie; drawn as inline SVG."""

TILES = {
    "SH": (2, 0),
    "HB": (1, 1), "HH": (2, 1), "MV": (3, 1),
    "NW": (0, 2), "NI": (1, 2), "ST": (2, 2), "BB": (3, 2), "BE": (4, 2),
    "RP": (0, 3), "HE": (1, 3), "TH": (2, 3), "SN": (3, 3),
    "SL": (0, 4), "BW": (1, 4), "BY": (2, 4),
}  # fmt: skip


def shade(count: int, highest: int) -> int:
    """0–4: how dark a tile is, relative to the Land with most entries."""
    if not count or not highest:
        return 0
    return min(4, 1 + (3 * count) // highest)
