"""Every fixed word printed on paper, per language, so a page never mixes two languages.

A curriculum's ``language`` (``en``, ``de``, ``de-AT`` ...) picks the
catalogue by its first part. A label the catalogue lacks falls back to English;
``missing_labels`` lists those gaps so the validator can warn before anything
is printed. Labels are ``str.format`` templates with named fields.

No reportlab here: the validator reads this module without loading the PDF
machinery.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

ENGLISH: dict[str, str] = {
    # Page furniture
    "page": "Page {page} of {total}",
    "version": "version {version}",
    "session": "Session {number}",
    "quotes": "“”‘’",
    # Handout
    "purpose": "What this session is for",
    "key_ideas": "Key ideas",
    "support_title": "If you need support now, or are worried about someone",
    "support_danger": "If anyone is in immediate danger, call your local emergency number.",
    "support_free": "These services are free and confidential:",
    "at_home": "To do at home",
    "in_group": "In the group: {format}, about {minutes} minutes.",
    "format_pairs": "in pairs",
    "format_rounds": "in rounds",
    "format_solo": "on your own",
    "home_pairs": (
        "At home: do it with someone you trust (a partner, a friend, a brother), "
        "or write both sides yourself in your journal."
    ),
    "home_rounds": (
        "At home: answer each round in writing, one at a time, or talk it through with a friend."
    ),
    "home_solo": "At home: do it again on your own, somewhere quiet, without your phone.",
    "practice": "Practice for the week",
    "practice_log": "Your practice log",
    "day": "Day {number}",
    "log_did": "What I did",
    "log_noticed": "What I noticed",
    "journal": "Journal",
    "journal_intro": (
        "Write for a few minutes, when you have some quiet. No one will read this "
        "unless you choose to share it."
    ),
    "further_reading": "Further reading",
    "agreements": "Our group agreements",
    "agreements_intro": "We agreed on these together in our first session:",
    "agreements_reminder": (
        "Reminder: the agreements we made in session {first} still hold, all {count} of them. "
        "Anyone may pass at any time. The full list is on your session {first} handout."
    ),
    # Takeaway
    "your_answers": "Your answers in this session",
    "takeaway_note": (
        "Built by the server when you asked for it; the server kept no copy of this page."
    ),
    "no_answers": "You did not answer any prompts in this session.",
    # Group record: repeated prompts told apart by their step
    "step_check_in": "check-in, start of session",
    "step_check_out": "check-out, end of session",
    # Guide
    "guide": "Facilitator guide",
    "contents": "Contents",
    "guide_facts": "Version {version} · {sessions}",
    "session_count_one": "{count} session",
    "session_count": "{count} sessions",
    "col_number": "No.",
    "col_session": "Session and minutes",
    "col_goals": "Goals",
    "col_page": "Page",
    "planned": "{steps} of {minutes} minutes planned",
    "about": "About this programme",
    "for": "For:",
    "group_agreements": "Group agreements",
    "safety": "Safety and disclosure",
    "safety_intro": (
        "Answers on phones are anonymous and cannot be followed up, so the support "
        "resources are shown to everyone, every session. When a man tells you, or you "
        "fear, that he or someone else is at risk:"
    ),
    "safety_steps": (
        "Ask directly and calmly whether he is thinking about suicide or about hurting "
        "himself or someone else. Asking does not put the idea in his head.\n"
        "Listen without arguing, judging or rushing to fix.\n"
        "If the danger is immediate, do not leave him alone: stay with him, or make sure "
        "another trusted adult does.\n"
        "Call the emergency services.\n"
        "Pass on the crisis numbers below, and offer to make the first call together.\n"
        "Afterwards, tell your co-facilitator or supervisor, and look after yourself."
    ),
    "safety_say": "What you can say",
    "safety_words": (
        "“I’m glad you told me.” “Are you thinking about ending your life?” "
        "“You don’t have to deal with this alone. Shall we call them together, now?”"
    ),
    "safety_numbers": "Crisis numbers",
    "session_minutes": "{minutes} minutes; the steps take {steps}.",
    "min": "{minutes} min",
    "slide": "Slide",
    "prompt": "Phone prompt",
    "exercise": "Exercise",
    "on_slide": "On the slide",
    "trend_note": (
        "On the projector, under this slide, the app draws the group's chart: the mean "
        "check-in and check-out of every session so far, each shown only where enough "
        "phones answered and the room saw the result."
    ),
    "question": "Question",
    "instructions": "Instructions",
    "notes": "Facilitator notes",
    "say": "Say",
    "watch": "Watch for",
    "say_marker": "Say:",
    "watch_marker": "Watch for:",
    "answer_scale": "Answer: scale from {min} ({min_label}) to {max} ({max_label})",
    "answer_choice_one": "Answer: choice, pick one:",
    "answer_choice_any": "Answer: choice, pick any:",
    "answer_word_one": "Answer: one word: up to {count} word",
    "answer_word": "Answer: one word: up to {count} words",
    "answer_text": "Answer: short text: up to {count} characters",
    "end": "end of session",
}

GERMAN: dict[str, str] = {
    "page": "Seite {page} von {total}",
    "version": "Version {version}",
    "session": "Treffen {number}",
    "quotes": "„“‚‘",
    "purpose": "Worum es in diesem Treffen geht",
    "key_ideas": "Das Wichtigste",
    "support_title": "Wenn du jetzt Unterstützung brauchst oder dir Sorgen um jemanden machst",
    "support_danger": "Wenn jemand in akuter Gefahr ist, ruf den Notruf an.",
    "support_free": "Diese Angebote sind kostenlos und vertraulich:",
    "at_home": "Für zu Hause",
    "in_group": "In der Gruppe: {format}, etwa {minutes} Minuten.",
    "format_pairs": "zu zweit",
    "format_rounds": "in der Runde",
    "format_solo": "allein",
    "home_pairs": (
        "Zu Hause: mit jemandem, dem du vertraust (Partnerin, Partner, Freund, Bruder), "
        "oder schreib beide Seiten selbst in dein Tagebuch."
    ),
    "home_rounds": (
        "Zu Hause: beantworte jede Runde schriftlich, eine nach der anderen, "
        "oder sprich mit einem Freund darüber."
    ),
    "home_solo": "Zu Hause: mach es noch einmal allein, an einem ruhigen Ort, ohne Handy.",
    "practice": "Übung für die Woche",
    "practice_log": "Dein Übungsprotokoll",
    "day": "Tag {number}",
    "log_did": "Was ich getan habe",
    "log_noticed": "Was mir aufgefallen ist",
    "journal": "Tagebuch",
    "journal_intro": (
        "Schreib ein paar Minuten, wenn du Ruhe hast. Niemand liest das, "
        "außer du möchtest es teilen."
    ),
    "further_reading": "Zum Weiterlesen",
    "agreements": "Unsere Gruppenvereinbarungen",
    "agreements_intro": "Darauf haben wir uns im ersten Treffen gemeinsam geeinigt:",
    "agreements_reminder": (
        "Zur Erinnerung: Die Vereinbarungen aus Treffen {first} gelten weiter, alle {count}. "
        "Jeder darf jederzeit passen. Die ganze Liste steht auf deinem Blatt von Treffen {first}."
    ),
    "your_answers": "Deine Antworten in diesem Treffen",
    "takeaway_note": (
        "Vom Server erstellt, als du darum gebeten hast; der Server hat keine Kopie behalten."
    ),
    "no_answers": "Du hast in diesem Treffen keine Frage beantwortet.",
    "step_check_in": "Ankommen, Beginn des Treffens",
    "step_check_out": "Abschluss, Ende des Treffens",
    "guide": "Leitfaden für die Gruppenleitung",
    "contents": "Inhalt",
    "guide_facts": "Version {version} · {sessions}",
    "session_count_one": "{count} Treffen",
    "session_count": "{count} Treffen",
    "col_number": "Nr.",
    "col_session": "Treffen und Minuten",
    "col_goals": "Ziele",
    "col_page": "Seite",
    "planned": "{steps} von {minutes} Minuten geplant",
    "about": "Über dieses Programm",
    "for": "Für:",
    "group_agreements": "Gruppenvereinbarungen",
    "safety": "Sicherheit: wenn jemand in Gefahr ist",
    "safety_intro": (
        "Antworten am Handy sind anonym und lassen sich nicht zurückverfolgen. Darum "
        "sehen alle die Hilfsangebote, in jedem Treffen. Wenn ein Mann dir sagt oder "
        "du befürchtest, dass er oder jemand anderes in Gefahr ist:"
    ),
    "safety_steps": (
        "Frag direkt und ruhig, ob er daran denkt, sich das Leben zu nehmen oder sich "
        "oder anderen etwas anzutun. Die Frage bringt ihn nicht auf die Idee.\n"
        "Hör zu, ohne zu streiten, zu urteilen oder gleich etwas lösen zu wollen.\n"
        "Ist die Gefahr akut, lass ihn nicht allein: bleib bei ihm oder sorg dafür, "
        "dass ein anderer vertrauter Erwachsener bleibt.\n"
        "Ruf den Notruf an.\n"
        "Gib die Krisennummern unten weiter und biete an, den ersten Anruf gemeinsam zu machen.\n"
        "Sprich danach mit deiner Co-Leitung oder Supervision, und achte auf dich selbst."
    ),
    "safety_say": "Was du sagen kannst",
    "safety_words": (
        "„Gut, dass du es mir sagst.“ „Denkst du daran, dir das Leben zu nehmen?“ "
        "„Damit musst du nicht allein bleiben. Wollen wir jetzt gemeinsam anrufen?“"
    ),
    "safety_numbers": "Krisennummern",
    "session_minutes": "{minutes} Minuten; die Schritte dauern {steps}.",
    "min": "{minutes} Min.",
    "slide": "Folie",
    "prompt": "Frage am Handy",
    "exercise": "Übung",
    "on_slide": "Auf der Folie",
    "trend_note": (
        "Auf dem Projektor zeichnet die App unter dieser Folie das Diagramm der Gruppe: "
        "den Mittelwert von Ankommen und Abschluss jedes bisherigen Treffens, jeweils nur, "
        "wo genug Handys geantwortet haben und die Runde das Ergebnis gesehen hat."
    ),
    "question": "Frage",
    "instructions": "Anleitung",
    "notes": "Hinweise für die Leitung",
    "say": "Sagen",
    "watch": "Achten auf",
    "say_marker": "Sagen:",
    "watch_marker": "Achten auf:",
    "answer_scale": "Antwort: Skala von {min} ({min_label}) bis {max} ({max_label})",
    "answer_choice_one": "Antwort: Auswahl, eine Option:",
    "answer_choice_any": "Antwort: Auswahl, beliebig viele:",
    "answer_word_one": "Antwort: ein Wort: bis zu {count} Wort",
    "answer_word": "Antwort: ein Wort: bis zu {count} Wörter",
    "answer_text": "Antwort: kurzer Text: bis zu {count} Zeichen",
    "end": "Ende des Treffens",
}

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "de": GERMAN}
"""Shipped catalogues by primary language subtag."""


def _primary(language: str) -> str:
    return language.split("-", 1)[0].lower()


def missing_labels(language: str) -> list[str]:
    """Labels that print in English for ``language``; all of them when it has no catalogue."""
    catalogue = CATALOGUES.get(_primary(language), {})
    return [key for key in ENGLISH if key not in catalogue]


@dataclass(frozen=True)
class Labels:
    """The fixed words of one language, English where the catalogue has a gap."""

    language: str
    words: Mapping[str, str]

    def __call__(self, key: str, **fields: object) -> str:
        """The label ``key`` with its ``{fields}`` filled in."""
        template = self.words.get(key) or ENGLISH[key]
        return template.format(**fields) if fields else template

    def sessions(self, count: int) -> str:
        """ "1 session", "3 sessions" in this language."""
        return self("session_count_one" if count == 1 else "session_count", count=count)


@functools.cache
def labels_for(language: str) -> Labels:
    """The label catalogue for a curriculum's ``language`` field."""
    return Labels(language, CATALOGUES.get(_primary(language), ENGLISH))
