"""Small curricula written into tmp_path by the rehearsal and browser tests.

The texts deliberately hold organiser text that Markdown would change
(``:red[..]``, ``$x$``, an emoji code, an HTML tag) in titles and notes, so a
test can tell literal rendering from Markdown rendering.
"""

from __future__ import annotations

from pathlib import Path

SMALL = """\
id: rehearsal-sample
title: "Rehearsal sample"
version: "1"
summary: A two-session sample for tests.
audience: Test readers.
session_minutes: 60
agreements:
  - What is said here stays here.
disclaimer: A peer group, not therapy.
sessions:
  - id: opening
    number: 1
    title: Opening the circle
    goals: [Meet each other]
    minutes: 60
    steps:
      - id: welcome
        type: slide
        title: Welcome to the circle
        body: |
          ## Why we meet

          - **Listen** first
        minutes: 10
        notes: Greet each man at the door. Watch for anyone hanging back.
      - id: check-in
        type: prompt
        role: check-in
        question: How connected do you feel right now?
        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}
        minutes: 5
        notes: Remind them they can pass.
      - id: feeling
        type: prompt
        question: Which words fit today?
        answer: {kind: choice, options: [Calm, Tense, Tired], multiple: true}
        minutes: 5
        notes: Several may fit.
      - id: pairs
        type: exercise
        title: Two minutes each
        instructions: Take turns; the listener only listens.
        format: pairs
        minutes: 20
        notes: "Keep time :red[strictly] $x$ :smile: <b>bold</b>"
      - id: one-word
        type: prompt
        role: check-out
        question: One word for tonight
        answer: {kind: word}
        minutes: 5
        notes: Read a few words aloud after the reveal.
    handout:
      key_ideas: [We meet to listen]
      practice: Listen for one minute without replying.
      journal_prompts: ["What did you notice?"]
  - id: roots
    number: 2
    title: The roots
    goals: [Look back]
    minutes: 45
    steps:
      - id: roots-slide
        type: slide
        title: Where it started
        body: What did the men around you show you?
        minutes: 15
        notes: Share your own example first.
      - id: story
        type: prompt
        question: A short story from your past
        answer: {kind: text, max_length: 200}
        minutes: 10
        notes: Text answers are previewed before any reveal.
      - id: which-one
        type: prompt
        question: Pick one
        answer: {kind: choice, options: [Father, Friend, Coach]}
        minutes: 5
        notes: Single choice.
    handout:
      key_ideas: [Roots shape habits]
      practice: Notice one habit.
      journal_prompts: ["Who taught you to be strong?"]
"""

BROKEN = """\
id: broken
title: Broken sample
version: "1"
summary: Has a typo.
audience: Nobody.
agreements: [Be kind]
disclaimer: Not therapy.
sessions:
  - id: one
    number: 1
    title: One
    goals: [A goal]
    minutes: 30
    steps:
      - id: s
        type: slide
        title: Hello
        minutes: 5
        notes: Hi.
        colour: red
    handout:
      key_ideas: [An idea]
      practice: A practice.
      journal_prompts: [A prompt]
"""


def write_small(folder: Path, name: str = "small.yaml") -> Path:
    """Write the small sample curriculum into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SMALL, encoding="utf-8")
    return path


def write_broken(folder: Path, name: str = "broken.yaml") -> Path:
    """Write a curriculum with an unknown key into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(BROKEN, encoding="utf-8")
    return path


TREND = """\
id: trend-sample
title: Trend sample
version: "1"
summary: Two evenings with a check-in and a check-out each, and a look back.
audience: Test readers.
session_minutes: 60
agreements:
  - What is said here stays here.
disclaimer: A peer group, not therapy.
sessions:
  - id: one
    number: 1
    title: "First <b>evening</b> :red[loud]"
    goals: [Arrive]
    steps:
      - id: check-in
        type: prompt
        role: check-in
        minutes: 5
        notes: Invite.
        question: How connected do you feel right now?
        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}
      - id: check-out
        type: prompt
        role: check-out
        minutes: 5
        notes: Invite.
        question: And now?
        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}
    handout: {key_ideas: [Idea], practice: Practise., journal_prompts: [Write.]}
  - id: two
    number: 2
    title: Second evening
    goals: [Look back]
    steps:
      - id: check-in
        type: prompt
        role: check-in
        minutes: 5
        notes: Invite.
        question: How connected do you feel right now?
        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}
      - id: our-evening
        type: trend
        minutes: 5
        title: Our evening over the weeks
        body: Start and end of each evening.
        prompts: [check-in, check-out]
        notes: Say what the chart shows; no one is singled out.
      - id: check-out
        type: prompt
        role: check-out
        minutes: 5
        notes: Invite.
        question: And now?
        answer: {kind: scale, min: 0, max: 10, min_label: Not at all, max_label: Very}
    handout: {key_ideas: [Idea], practice: Practise., journal_prompts: [Write.]}
"""
"""Two sessions with scale check-ins and check-outs; session two shows their trend.

Session one's title holds markup and a Markdown directive, so a test can tell
an escaped title from one that was interpreted.
"""
