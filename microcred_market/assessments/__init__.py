"""Assessments: what a learner does to earn a credential, and the result that follows.

Components (quiz, practical task, evidence portfolio, assessor decision) with weights and
pass rules, versioned so an attempt is always judged by the version it was taken under.
"""
