"""Every table module, imported in one place so Alembic's metadata sees all of them."""

from sqlmodel import SQLModel

from microcred_market.accounts import models as accounts_models  # noqa: F401
from microcred_market.analytics import models as analytics_models  # noqa: F401
from microcred_market.assessments import models as assessments_models  # noqa: F401
from microcred_market.catalogue import models as catalogue_models  # noqa: F401
from microcred_market.credentials import models as credentials_models  # noqa: F401
from microcred_market.orders import models as orders_models  # noqa: F401
from microcred_market.platform import models as platform_models  # noqa: F401
from microcred_market.stacking import models as stacking_models  # noqa: F401

metadata = SQLModel.metadata
