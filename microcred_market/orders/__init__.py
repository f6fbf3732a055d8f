"""Orders, payments, refunds, vouchers and enrolments; payment providers plug in here."""
