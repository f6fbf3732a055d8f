"""The bundled DejaVu Sans, which prints Polish and other European letters.

A resource beside `settings` and `locales`, below both `platform` (receipts) and `vc`
(certificates and badges), so neither library reaches into the other for it.
"""

from pathlib import Path

FONTS = Path(__file__).resolve().parent
