"""What every capability uses: database, outbox, mail, money, text, limits, keys, PDF."""
