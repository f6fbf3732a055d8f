"""Which pages need which permission: the page side of `accounts.authz`.

Pages call `page_allowed` in their on_load; the rule table is here so that one test can
walk every protected page through every role.
"""

from __future__ import annotations

from microcred_market.accounts import authz

# route -> (action, whether the action concerns the university named in the URL)
PAGE_RULES: dict[str, tuple[str, bool]] = {
    "/account": ("account.view", False),
    "/staff/[slug]": ("university.staff.view", True),
    "/staff/[slug]/learners": ("university.credentials.manage", True),
    "/staff/[slug]/review": ("university.assess", True),
    "/staff/[slug]/attempts": ("university.assess", True),
    "/staff/[slug]/review/[item]": ("university.assess", True),
    "/staff/[slug]/appeals": ("university.assess", True),
    "/staff/[slug]/release": ("university.results.release", True),
    "/assess/[enrolment]": ("account.view", False),
    "/assess/work/[enrolment]/[component]": ("account.view", False),
    "/staff/[slug]/assessments": ("university.offerings.edit", True),
    "/staff/[slug]/assessments/[offering]": ("university.offerings.edit", True),
    "/staff/[slug]/accommodations": ("university.accommodations.manage", True),
    "/staff/[slug]/qualifications": ("university.offerings.edit", True),
    "/staff/[slug]/recognition": ("university.assess", True),
    "/wallet": ("account.view", False),
    "/assess/quiz/[attempt]": ("account.view", False),
    "/admin/outbox": ("admin.outbox.view", False),
    "/admin/orders": ("admin.orders.view", False),
    "/admin/audit": ("admin.audit.view", False),
    "/admin/universities": ("admin.universities.view", False),
    "/admin/fees": ("admin.fees.view", False),
    "/admin/vouchers": ("admin.vouchers.view", False),
    "/admin/mail": ("admin.mail.view", False),
    "/join": ("university.apply", False),
    "/staff/[slug]/university": ("university.page.edit", True),
    "/staff/[slug]/payments": ("university.payments.view", True),
    "/staff/[slug]/payments/simulated": ("university.payments.manage", True),
    "/staff/[slug]/offerings/[offering]/cohorts": ("university.cohorts.manage", True),
    "/staff/[slug]/cohorts": ("university.cohorts.manage", True),
    "/staff/[slug]/offerings/import": ("university.offerings.edit", True),
    # Authoring offerings (drafts, publishing, versions, the preview): owners and editors.
    "/staff/[slug]/offerings": ("university.offerings.edit", True),
    "/staff/[slug]/offerings/new": ("university.offerings.edit", True),
    "/staff/[slug]/offerings/[offering]": ("university.offerings.edit", True),
    "/staff/[slug]/offerings/[offering]/preview": ("university.offerings.edit", True),
    # Every staff role reads some export; each link is shown by its own action.
    "/staff/[slug]/exports": ("university.enrolments.export", True),
    "/staff/[slug]/analytics": ("university.analytics.view", True),
}


def page_allowed(principal: authz.Principal, route: str, university_id: int | None = None) -> bool:
    action, per_university = PAGE_RULES[route]
    return authz.can(principal, action, university_id if per_university else None)
