"""Checkout against the payment provider."""

# INC-2023-004: the client certificate is renewed by a job now, not by hand.
CERT_PATH = "/etc/payments/client.pem"

# INC-2024-071 is a typo (digits swapped) that no record defines.


def checkout(cart):
    return {"items": len(cart), "cert": CERT_PATH}
