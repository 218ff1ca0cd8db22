"""The questionnaire as immutable, typed objects (validated by pydantic, frozen after load).

The schema classes double as the domain model: every model is frozen and every collection is a
tuple, so a loaded questionnaire cannot change under a running app.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .formats import FORMAT

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
LANGS = ("fr", "en")
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
SPECIAL_VALUES = (DONT_KNOW, NOT_APPLICABLE)
SPECIAL_LABELS = {DONT_KNOW: ("Je ne sais pas", "I don't know"),
                  NOT_APPLICABLE: ("Non concerné", "Not applicable")}  # (fr, en)


class Frozen(BaseModel):
    """Base of every questionnaire object: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in both languages; French is the source."""

    fr: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        """The text in `lang`, French when the language is unknown."""
        return self.en if lang == "en" else self.fr


class Wording(Frozen):
    """A question's wording for one organisation kind."""

    text: Text | None = None
    help: Text | None = None


class Option(Frozen):
    """One answer option; `points` only matters for scored questions."""

    value: Slug
    label: Text
    points: float | None = Field(default=None, ge=0)
    exclusive: bool = False
    variants: dict[Slug, Text] = Field(default_factory=dict)

    def label_for(self, kind: str | None, lang: str) -> str:
        """The label in `lang`, in the wording of organisation kind `kind` when it has one."""
        text = self.variants.get(kind, self.label) if kind else self.label
        return text.get(lang)


class QuestionScoring(Frozen):
    """A question's own scoring policy (issue 27): whether it counts while hidden."""

    # `skip`: a question hidden by `show_if` leaves its dimension's denominator; `zero`: it
    # counts as no points against its maximum. Default: the questionnaire's `scoring.hidden`.
    hidden: Literal["skip", "zero"] | None = None


class QuestionBase(Frozen):
    """Keys shared by every question type."""

    id: Slug
    text: Text
    help: Text
    dimension: Slug | None = None
    weight: float = Field(default=1.0, gt=0)
    required: bool = False
    show_if: str | None = None
    # not asked, and « Non concerné » (out of its dimension's score), when this condition holds
    not_applicable_if: str | None = None
    allow_dont_know: bool | None = None
    allow_not_applicable: bool = False
    variants: dict[Slug, Wording] = Field(default_factory=dict)
    scoring: QuestionScoring | None = None

    @property
    def scored(self) -> bool:
        """Whether the question counts in a dimension score."""
        return self.dimension is not None

    @property
    def dont_know_allowed(self) -> bool:
        """« Je ne sais pas » is offered by default on scored questions."""
        return self.scored if self.allow_dont_know is None else self.allow_dont_know

    def text_for(self, kind: str | None, lang: str) -> str:
        """The question in `lang`, worded for organisation kind `kind`."""
        wording = self.variants.get(kind) if kind else None
        return (wording.text if wording and wording.text else self.text).get(lang)

    def help_for(self, kind: str | None, lang: str) -> str:
        """The help text in `lang`, worded for organisation kind `kind`."""
        wording = self.variants.get(kind) if kind else None
        return (wording.help if wording and wording.help else self.help).get(lang)


class SingleQuestion(QuestionBase):
    """One choice among behaviourally anchored options."""

    type: Literal["single"]
    options: tuple[Option, ...] = Field(min_length=2)


class MultipleQuestion(QuestionBase):
    """Several choices; points add up to a cap."""

    type: Literal["multiple"]
    options: tuple[Option, ...] = Field(min_length=2)
    max_points: float | None = Field(default=None, gt=0)


class YesNoPoints(Frozen):
    """Points for each answer of a yes/no question."""

    yes: float = Field(ge=0)
    no: float = Field(ge=0)


class YesNoQuestion(QuestionBase):
    """A yes/no question; answers are `yes` and `no`."""

    type: Literal["yesno"]
    points: YesNoPoints | None = None


class Range(Frozen):
    """A closed interval of numbers and the points it is worth."""

    min: float
    max: float
    points: float = Field(ge=0)


class NumberQuestion(QuestionBase):
    """A number, mapped to points by ranges."""

    type: Literal["number"]
    min: float = 0
    max: float = 1_000_000
    integer: bool = True
    unit: Text | None = None
    ranges: tuple[Range, ...] = ()


class TextQuestion(QuestionBase):
    """Free text: never scored, kept for the report."""

    type: Literal["text"]
    max_length: int = Field(default=2000, gt=0, le=10_000)


Question = Annotated[
    SingleQuestion | MultipleQuestion | YesNoQuestion | NumberQuestion | TextQuestion,
    Field(discriminator="type"),
]
AnyQuestion = SingleQuestion | MultipleQuestion | YesNoQuestion | NumberQuestion | TextQuestion


class Section(Frozen):
    """A group of questions shown on one page."""

    id: Slug
    title: Text
    intro: Text | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


def _scale(value: object) -> object:
    """`percent`, `points` or a number N > 0, said in one message rather than pydantic's two."""
    if value in ("percent", "points") or (
            isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1e6):
        return value
    raise ValueError(f"'scale' is 'percent', 'points' or a number above 0 (the N of 0–N), "
                     f"not {value!r}")


Scale = Annotated[Literal["percent", "points"] | float, BeforeValidator(_scale)]


class DimensionScoring(Frozen):
    """How a dimension's answers combine into its score, and how the score is shown (issue 27).

    `combine`: `mean` (today's: Σ weight × points ÷ best ÷ Σ weight), `sum` (Σ weight × points
    out of Σ weight × best), `max`, `min` or `last` (the points of the best, the worst or the
    last answered question in order, out of the best points of any of its questions).
    `scale`: `percent` (0–100), a number N (0–N: « 2,25 / 3 ») or `points` (raw points out of
    the maximum: « 41 / 167 »); levels and rules compare the score in percent whatever its
    scale. `in_global: false` keeps the dimension out of its stage's share of the global score.
    """

    combine: Literal["mean", "sum", "max", "min", "last"] = "mean"
    scale: Scale = "percent"
    in_global: bool = True


class Dimension(Frozen):
    """What a stage measures; scored 0–100."""

    id: Slug
    title: Text
    description: Text
    weight: float = Field(default=1.0, gt=0)
    scoring: DimensionScoring | None = None


def _stage_weight(value: object) -> object:
    """A number above 0, said in one message (a boolean is not a weight)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1e6:
        return value
    raise ValueError(f"a stage's 'weight' is a number above 0 (its weight in the global "
                     f"score), not {value!r}")


class StageScoring(Frozen):
    """A stage's scoring policy (issue 27, format 3): its weight in the global score."""

    weight: Annotated[float, BeforeValidator(_stage_weight)] = 1.0


class Stage(Frozen):
    """One lever of the parcours (or the Profil stage, which has no dimensions)."""

    id: Slug
    title: Text
    intro: Text | None = None
    scoring: StageScoring | None = None  # format 3
    dimensions: tuple[Dimension, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)


class Level(Frozen):
    """A maturity level, reached from `min` points out of 100."""

    id: Slug
    min: float = Field(ge=0, le=100)
    label: Text
    description: Text


class Resource(Frozen):
    """Something to read or use."""

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://")]


class Rule(Frozen):
    """A condition that selects its recommendation.

    `priority` raises (or lowers) the recommendation's priority when this rule is the one that
    fires, so that a step can matter more for the organisations it fits best. A `fallback` rule
    fires only when the plan would otherwise be shorter than its minimum; it needs a `because`.
    """

    when: NonEmpty | None = None
    because: Text | None = None
    priority: Literal[1, 2, 3] | None = None
    fallback: bool = False

    @model_validator(mode="after")
    def _when_or_fallback(self) -> Rule:
        if self.when is None and not self.fallback:
            raise ValueError("a rule needs 'when' (only a fallback rule may go without)")
        if self.fallback and self.because is None:
            raise ValueError("a fallback rule needs a hand-written 'because'")
        return self


class Variant(Frozen):
    """A recommendation's wording for the organisations a named profile describes: its own
    title, description, main reason (`because`) and resources, each replacing the default."""

    profile: Slug
    title: Text | None = None
    description: Text | None = None
    because: Text | None = None
    resources: tuple[Resource, ...] | None = None


class Recommendation(Frozen):
    """A concrete next step, selected by rules."""

    id: Slug
    # What the action is for: recommendations of one intent are alternatives (a kind's own
    # version of a generic step), and at most one of them enters a plan. Default: its id.
    intent: Slug | None = None
    title: Text
    description: Text
    dimensions: tuple[Slug, ...] = Field(min_length=1)
    priority: Literal[1, 2, 3]
    horizon: Literal["court", "moyen", "long"]
    category: Slug | None = None  # one of the index's `categories` (M.E.D.O.C. for A.D.O.C.)
    resources: tuple[Resource, ...] = ()
    rules: tuple[Rule, ...] = ()
    supersedes: tuple[Slug, ...] = ()  # more general recommendations this one replaces
    phase: Slug | None = None  # one of the index's phases: where it comes in the sequence
    presumes: NonEmpty | None = None  # eligibility: never recommended when this does not hold
    variants: tuple[Variant, ...] = ()  # wording by profile; the first that holds wins
    # `plan`: the roadmap of one diagnostic; `alignment`: what a collective diagnostic's
    # respondents should do about where they diverge (engine/collective.py); `joint`: the next
    # steps of two partners face to face (engine/joint.py)
    scope: Literal["plan", "alignment", "joint"] = "plan"

    @property
    def intent_id(self) -> str:
        """The intent it serves (its own id when it names none)."""
        return self.intent or self.id


class Profile(Frozen):
    """A named condition on the answers (« a volunteer-only association »), usable in any
    condition as `profile.ID`; `label` completes « Parce que… » when it holds."""

    id: Slug
    when: NonEmpty
    label: Text


class Phase(Frozen):
    """A step of the sequence a roadmap follows (understand, act, steer…).

    Its actions enter the main plan only from the global level `opens_at` on (from the first
    level when unset); before that they wait among the other leads.
    """

    id: Slug
    title: Text
    description: Text | None = None
    opens_at: Slug | None = None


class RoadmapSettings(Frozen):
    """How long the main plan is, and how many of its first actions are « essential »."""

    min_actions: int = Field(default=5, ge=1, le=30)
    max_actions: int = Field(default=12, ge=1, le=50)  # when the size is unknown
    essential: int = Field(default=3, ge=0, le=10)
    # from this level on, the essential actions are the most important ones (priority, then
    # gap), read first; before it, the plan reads in the order of its phases
    by_importance_from: Slug | None = None
    # the question(s) whose answer sizes the plan; with several (employees, volunteers), the
    # largest size among the answers
    size_question: Slug | tuple[Slug, ...] | None = None
    sizes: dict[Slug, Annotated[int, Field(ge=1, le=50)]] = Field(default_factory=dict)

    @property
    def size_questions(self) -> tuple[str, ...]:
        """The questions that size the plan, as a tuple."""
        if self.size_question is None:
            return ()
        return (self.size_question,) if isinstance(self.size_question, str) else (
            self.size_question)


class StageName(Frozen):
    """What a questionnaire calls its stages (« levier » / « leviers » for A.D.O.C.)."""

    singular: Text
    plural: Text


class Category(Frozen):
    """A kind of recommendation (« Méthode », « Outil »…)."""

    id: Slug
    label: Text


class Categories(Frozen):
    """The categories a questionnaire sorts its recommendations into, and their family name
    (« M.E.D.O.C. »), explained once in the report by `description`."""

    name: Text
    description: Text | None = None
    items: tuple[Category, ...] = Field(min_length=1)


class ReportSettings(Frozen):
    """The PDF's shape: `full` (cover, summary, each stage, the plan in detail, the answers,
    the method) or `short` (one or two pages: the level, the dimensions, the plan, what next)."""

    layout: Literal["full", "short"] = "full"


class NextStep(Frozen):
    """An invitation closing the results and the PDF: take another questionnaire next, with the
    answers already given carried over where its questions are the same."""

    questionnaire: Slug
    title: Text
    text: Text


class Features(Frozen):
    """What a questionnaire offers around its results; every one is on by default (A.D.O.C.).

    Turned off, the feature is neither offered nor named on any page or PDF of its diagnostics.
    """

    partners: bool = True  # a partner code and the joint page of two partners (« regards croisés »)
    collective: bool = True  # « Faire répondre plusieurs personnes » (needs a profile stage too)
    strengths: bool = True  # « Vos points forts »: the dimensions from `strength_threshold` on
    priority: bool = True  # « Priorité : Essentielle / Importante / Utile » on each action
    horizon: bool = True  # « Court terme (0–3 mois) »… on each action, and the plan cut by it


class Words(Frozen):
    """A questionnaire's own words where the app would otherwise say A.D.O.C.'s (each unset
    keeps today's wording)."""

    level: Text | None = None  # what its levels measure: « niveau d'incidence » (default
    #                            « niveau de maturité »), in lower case, as inside a sentence
    profile: Text | None = None  # the start page's kind question (« Votre organisation est… »)
    method: Text | None = None  # the method's first sentence (« … des pratiques observables … »)
    audience: Text | None = None  # to whom the PDF's summary is shown (« vos instances »)
    # what its strengths are called, plural and lower case, after « vos »: « points forts »
    # by default, « risques maîtrisés » when `scoring.higher_is: worse`
    strengths: Text | None = None


class DerivedCase(Frozen):
    """One case of a derived score: its `value` when `when` holds."""

    when: NonEmpty
    value: NonEmpty


class DerivedScore(Frozen):
    """A score computed from other scores (issue 27): `value` is an arithmetic expression over
    `score.ID`, `stage.ID`, `global` and numbers (`+ - * /`, `min(…)`, `max(…)`, `round(…)`,
    parentheses), checked and compiled at load like conditions; the first of `cases` whose
    condition holds gives the value instead. Kept within 0–100; usable in rules as `score.ID`."""

    id: Slug
    title: Text
    description: Text | None = None
    value: NonEmpty
    cases: tuple[DerivedCase, ...] = ()
    scale: Scale = "percent"


class Scoring(Frozen):
    """The questionnaire's scoring policy (issue 27); every key defaults to today's behaviour."""

    hidden: Literal["skip", "zero"] = "skip"  # what a question hidden by `show_if` counts
    level_from: Slug | None = None  # the level is read from this score (default: the global)
    higher_is: Literal["better", "worse"] = "better"  # `worse`: impact, risk
    derived: tuple[DerivedScore, ...] = ()
    # format 3: `stages` (the weighted mean of the stages' scores, in_global dimensions only),
    # `pooled` (raw points of every in_global dimension out of their maximum), or the id of a
    # dimension or of a derived score, which the global score then is
    global_: Slug = Field(default="stages", alias="global")
    global_scale: Scale = "percent"  # format 3: how the global score is printed


class Index(Frozen):
    """The `questionnaire.yaml` file: metadata and the list of content files."""

    format: int = Field(default=FORMAT, ge=FORMAT, le=FORMAT)  # older ones converted: formats.py
    key: Slug
    version: NonEmpty
    title: Text
    description: Text
    product: Text | None = None  # the family name in header, footer and PDF (default: title)
    tagline: Text | None = None  # one line: the PDF's cover line, the site's footer
    credit: Text | None = None  # whose work it follows (« inspiré des travaux du RAMEAU »)
    estimated_minutes: int = Field(gt=0, le=600)
    kind_question: Slug | None = None
    # Scored questions left unanswered (or « je ne sais pas »): `skip` leaves them out of their
    # dimension's denominator, `zero` counts them as no points, as many published models do.
    unanswered: Literal["skip", "zero"] = "skip"
    stage_name: StageName | None = None
    categories: Categories | None = None
    strength_threshold: float = Field(default=75, ge=0, le=100)
    levels: tuple[Level, ...] = Field(min_length=2, max_length=6)
    stages: tuple[NonEmpty, ...] = Field(min_length=1)
    recommendations: tuple[NonEmpty, ...] = ()
    profiles: tuple[Profile, ...] = ()
    phases: tuple[Phase, ...] = ()
    roadmap: RoadmapSettings = RoadmapSettings()
    report: ReportSettings = ReportSettings()
    next: NextStep | None = None
    # issue 27 (item 3): what it offers, its own words, the languages it is written in
    features: Features = Features()
    words: Words = Words()
    languages: tuple[Literal["fr", "en"], ...] = Field(default=("fr", "en"), min_length=1,
                                                       max_length=2)
    scoring: Scoring | None = None  # issue 27: how scores combine, count and read
