"""Surveys, their questions, and the anonymous responses to them.

Privacy by construction: a response has no column for an IP address, a user agent, a cookie or
an account, and is dated by day only. Coded answers (``Answer``) are counted in SQL; free text
(``TextAnswer``) is stored masked and waits for moderation; a map point (``PointAnswer``) keeps
its coordinates apart from the coded answer that counts it by area.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.areas.models import Area
from portal.content_i18n import Localized
from portal.dialog import vocab
from portal.extensions import db
from portal.timeutil import utcnow


class Survey(db.Model):
    """A trygghetsmätning or medborgardialog for an area (answers may name a sub-area)."""

    __tablename__ = "dialog_survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    intro: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    languages: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default=vocab.UTKAST, index=True)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    template: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialog_survey.id", ondelete="SET NULL")
    )
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    area: Mapped[Area] = relationship(lazy="joined")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey",
        order_by="Question.position",
        cascade="all, delete-orphan",
    )

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    def title_in(self, lang: str) -> str:
        return vocab.pick(self.title, lang)

    def title_for(self, locale: str) -> Localized:
        """The title in the language the survey is shown in to a visitor with ``locale``."""
        wanted = (locale or "sv").split("_")[0]
        shown = vocab.content_language(wanted, self.languages)
        return Localized(vocab.pick(self.title, shown), shown, wanted)

    def intro_in(self, lang: str) -> str:
        return vocab.pick(self.intro, lang)

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.state}>"


class Question(db.Model):
    """One question. ``key`` is stable across copies and versions, so surveys can be compared.

    ``options`` is a list of ``{"code", "label": {lang: text}, "scored"}``; on a scale the scored
    options are the steps in order and the others ("Ingen uppfattning") lie outside the scale.
    ``show_if_key``/``show_if_value``: shown and counted only when that question got that answer.
    """

    __tablename__ = "dialog_question"
    __table_args__ = (UniqueConstraint("survey_id", "key", name="uq_dialog_question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_survey.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    page: Mapped[int] = mapped_column(Integer, default=1)
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(12))
    role: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[dict[str, str]] = mapped_column(JSON)
    help: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    max_length: Mapped[int | None] = mapped_column(Integer)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    show_if_key: Mapped[str | None] = mapped_column(String(60))
    show_if_value: Mapped[str | None] = mapped_column(String(40))

    survey: Mapped[Survey] = relationship(back_populates="questions")

    @property
    def codes(self) -> list[str]:
        return [o["code"] for o in self.options]

    @property
    def is_background(self) -> bool:
        return self.role in vocab.BACKGROUND_ROLES

    def text_in(self, lang: str) -> str:
        return vocab.pick(self.text, lang)

    def help_in(self, lang: str) -> str:
        return vocab.pick(self.help, lang)

    def label_of(self, code: str, lang: str) -> str:
        for o in self.options:
            if o["code"] == code:
                return vocab.pick(o["label"], lang)
        return code

    def __repr__(self) -> str:
        return f"<Question {self.key} ({self.kind})>"


@event.listens_for(Session, "before_flush")
def _questions_date_their_survey(session: Session, _context, _instances) -> None:
    """A change to any question dates its survey (``updated_at``).

    :mod:`portal.dialog.snapshot` keeps each survey's questions per process for as long as the
    survey's ``updated_at`` stays the same.
    """
    now = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, Question):
            continue
        survey = obj.survey  # None for a question just removed from its survey's list
        if survey is None and obj.survey_id is not None:
            survey = session.get(Survey, obj.survey_id)
        if survey is not None:
            now = now or utcnow()
            survey.updated_at = now


class Response(db.Model):
    """One anonymous respondent's submission: no IP, no user agent, no cookie, day only.

    ``area_id`` is the respondent's area (the answer to "Var bor du?" when it names one, else
    the survey's area); ``age_band`` and ``gender`` come from the optional background questions.
    """

    __tablename__ = "dialog_response"
    __table_args__ = (
        Index("ix_dialog_response_strata", "survey_id", "area_id", "age_band", "gender"),
        Index("ix_dialog_response_in_order", "survey_id", "id"),  # export, batch by batch
        # the lägesbild: respondents per survey, area and period, from the index alone
        Index("ix_dialog_response_lagesbild", "survey_id", "area_id", "submitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("dialog_survey.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    age_band: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    submitted_on: Mapped[date] = mapped_column(Date)


class Answer(db.Model):
    """A coded answer (one row per chosen option), with the respondent's strata copied in.

    The copies of ``area_id``, ``age_band`` and ``gender`` let the results be counted with one
    scan of the covering index ``ix_dialog_answer_tally``, without joining the responses.
    """

    __tablename__ = "dialog_answer"
    __table_args__ = (
        Index(
            "ix_dialog_answer_tally",
            "survey_id",
            "question_id",
            "value",
            "area_id",
            "age_band",
            "gender",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_response.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("dialog_survey.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("dialog_question.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(40))
    area_id: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(20))


MODERATION_STATES = ("vantar", "godkand", "avvisad")


class TextAnswer(db.Model):
    """Free text, stored only after masking; shown outside moderation only when approved."""

    __tablename__ = "dialog_text_answer"
    __table_args__ = (Index("ix_dialog_text_answer_queue", "survey_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_response.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("dialog_survey.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("dialog_question.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    masked_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    maybe_tip: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(10), default="vantar")
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    question: Mapped[Question] = relationship(lazy="joined")
    survey: Mapped[Survey] = relationship()


class PointAnswer(db.Model):
    """Where a respondent feels unsafe: a lon/lat point, and the area it lies in."""

    __tablename__ = "dialog_point_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_response.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_survey.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("dialog_question.id", ondelete="CASCADE"))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))


class Draft(db.Model):
    """A resident's unfinished answers (what they typed, as typed), keyed by a random token.

    Deleted when the answers are sent in, and by ``flask dialog purge`` after a few days.
    """

    __tablename__ = "dialog_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("dialog_survey.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )


class SubmissionKey(db.Model):
    """A used submission token (hashed): a second submit with it stores nothing.

    Not linked to the response it let through, and dated by day only.
    """

    __tablename__ = "dialog_submission_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("dialog_survey.id", ondelete="CASCADE"))
    used_on: Mapped[date] = mapped_column(Date, index=True)


class Tally(db.Model):
    """Running counts of coded answers per question × answer, by area and by age band × gender.

    Kept up to date in the same transaction as each response (:mod:`portal.dialog.tally`), so
    the results read a few thousand rows instead of scanning every answer. Each answer is counted
    twice: once by area (``breakdown="omrade"``) and once by age band and gender
    (``breakdown="bakgrund"``). ``question_id`` 0 counts responses; the value ``"*"`` on a
    multiple-choice question counts its respondents. ``0`` and ``""`` stand for "not stated", so
    the unique key works the same on SQLite and PostgreSQL (where NULLs never conflict).
    """

    __tablename__ = "dialog_tally"
    __table_args__ = (
        UniqueConstraint(
            "survey_id",
            "breakdown",
            "question_id",
            "value",
            "area_id",
            "age_band",
            "gender",
            name="uq_dialog_tally_cell",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("dialog_survey.id", ondelete="CASCADE"))
    breakdown: Mapped[str] = mapped_column(String(8))
    question_id: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(40))
    area_id: Mapped[int] = mapped_column(Integer, default=0)
    age_band: Mapped[str] = mapped_column(String(20), default="")
    gender: Mapped[str] = mapped_column(String(20), default="")
    n: Mapped[int] = mapped_column(Integer, default=0)
