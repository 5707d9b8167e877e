"""Demo content for `flask seed-demo`: the networks of DOMAIN.md and fictional members."""
