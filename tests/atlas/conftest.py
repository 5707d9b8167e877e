from tests.atlas.support import atlas_network  # noqa: F401  (fixture)
