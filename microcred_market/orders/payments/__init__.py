"""Payment providers behind one small interface (simulated, Stripe)."""
