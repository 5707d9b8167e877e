"""What several features share: errors, pagination, tokens, mail outbox, history, regions, values, web seam."""
