"""The live room: groups, rooms, joining, the step machine and answers.

Every function takes a ``Store`` and plain values and returns frozen
dataclasses (``models``); every refusal is its own subclass of ``RoomError``
(``errors``) whose message is shown to a person as is and says what to do.
The step and prompt state machine is pure (``machine``); ``facilitation``
applies it to a stored room with compare-and-set.

Modules: ``errors`` (refusals), ``models`` (read models, row conversions),
``machine`` (pure transitions), ``tokens`` (a phone's keys), ``lifecycle``
(groups, rooms, joining), ``phones`` (what a phone sees), ``answers``
(answering), ``facilitation`` (moves, previews, notices, results),
``records`` (what the export reads), ``retention`` (purging, and the
organiser's deletions). Callers use the names re-exported here; the
submodules import one another directly.

Privacy (see ``docs/privacy.md`` and ``tokens``): a phone's token is never
stored, only keyed hashes of it, so a copy of the database cannot join two
answers of one phone.

Additions to the contract (all optional for callers): ``open_room`` takes
``today`` and ``curriculum_text`` (a newer snapshot than the group's);
``response_count`` gives the live number with one indexed count (the
projector's poll); ``phone_revision`` is the phone's cheap poll (one indexed
join instead of a whole ``phone_view``); ``phone_room_id`` (the room a
phone's live stream follows); ``find_room`` finds a room by id or
join code; ``get_group``; ``purge_room`` deletes one room at once; ``Notice``
also carries the prompt's question. For the handouts issue:
``my_session``/``my_answers`` (a phone's own answers, for its takeaway; found
by recomputing its answer keys) and ``Room.opened_on`` (the day, for the
summary's title).

Results, notices and records are not re-exported here: every figure leaves
through ``workshop.disclosure`` (its ``Gate``), which reads answers through
``facilitation.raw_notices``, ``facilitation.private_texts`` and ``records``
directly; ``tests/test_disclosure_readers.py`` fails if anything else does.
"""

from __future__ import annotations

from workshop.rooms.answers import (
    MAX_WORD_ANSWER_CHARS,
    pass_prompt,
    submit_answer,
    validate_answer,
    withdraw_answer,
)
from workshop.rooms.errors import (
    AnswerNotFound,
    CurriculumMismatch,
    GroupNameTaken,
    GroupNotFound,
    InvalidAnswer,
    InvalidCurriculum,
    InvalidGroupName,
    InvalidPhoneCap,
    JoinsTooFast,
    NoNextStep,
    NoPreviousStep,
    NotAPrompt,
    NotATextPrompt,
    PromptAlreadyOpen,
    PromptAlreadyRevealed,
    PromptAlreadyShown,
    PromptNotClosed,
    PromptNotOpen,
    PromptNotRevealed,
    RoomDeleted,
    RoomEnded,
    RoomError,
    RoomFull,
    RoomNotEnded,
    RoomNotFound,
    SessionNotFound,
    StaleRevision,
    StepOutOfRange,
    UnknownToken,
    WrongJoinCode,
)
from workshop.rooms.facilitation import (
    close_prompt,
    end_room,
    hide_answer,
    jump_to,
    next_step,
    open_prompt,
    previous_step,
    private_texts,
    response_count,
    reveal_prompt,
    set_paused,
    show_text_page,
)
from workshop.rooms.lifecycle import (
    MAX_GROUP_NAME,
    MAX_PHONES_LIMIT,
    PhoneCount,
    create_group,
    find_room,
    get_group,
    get_room,
    join,
    list_groups,
    list_rooms,
    open_room,
    phone_count,
    revision,
    room_for_display,
    set_max_phones,
)
from workshop.rooms.machine import RoomState
from workshop.rooms.models import (
    Group,
    Joined,
    MyAnswer,
    MySession,
    Notice,
    PhoneView,
    PrivateText,
    RecordedAnswer,
    Room,
    RoomRecord,
    SubmitResult,
    parse_snapshot,
)
from workshop.rooms.phones import (
    my_answers,
    my_session,
    phone_revision,
    phone_room_id,
    phone_view,
    shared_phone_view,
)
from workshop.rooms.records import group_records, room_record
from workshop.rooms.retention import (
    ConfirmationMismatch,
    Deletion,
    InvalidRetention,
    ProgrammeEnd,
    Retention,
    delete_group,
    delete_room,
    find_group,
    group_deletion,
    group_retention_days,
    programme_end,
    purge_expired,
    purge_room,
    room_deletion,
    set_group_retention,
)
from workshop.store import PromptState

__all__ = [
    "MAX_GROUP_NAME",
    "MAX_PHONES_LIMIT",
    "MAX_WORD_ANSWER_CHARS",
    "AnswerNotFound",
    "ConfirmationMismatch",
    "CurriculumMismatch",
    "Deletion",
    "Group",
    "GroupNameTaken",
    "GroupNotFound",
    "InvalidAnswer",
    "InvalidCurriculum",
    "InvalidGroupName",
    "InvalidPhoneCap",
    "InvalidRetention",
    "Joined",
    "JoinsTooFast",
    "MyAnswer",
    "MySession",
    "NoNextStep",
    "NoPreviousStep",
    "NotAPrompt",
    "NotATextPrompt",
    "Notice",
    "PhoneCount",
    "PhoneView",
    "PrivateText",
    "ProgrammeEnd",
    "PromptAlreadyOpen",
    "PromptAlreadyRevealed",
    "PromptAlreadyShown",
    "PromptNotClosed",
    "PromptNotOpen",
    "PromptNotRevealed",
    "PromptState",
    "RecordedAnswer",
    "Retention",
    "Room",
    "RoomDeleted",
    "RoomEnded",
    "RoomError",
    "RoomFull",
    "RoomNotEnded",
    "RoomNotFound",
    "RoomRecord",
    "RoomState",
    "SessionNotFound",
    "StaleRevision",
    "StepOutOfRange",
    "SubmitResult",
    "UnknownToken",
    "WrongJoinCode",
    "close_prompt",
    "create_group",
    "delete_group",
    "delete_room",
    "end_room",
    "find_group",
    "find_room",
    "get_group",
    "get_room",
    "group_deletion",
    "group_records",
    "group_retention_days",
    "hide_answer",
    "join",
    "jump_to",
    "list_groups",
    "list_rooms",
    "my_answers",
    "my_session",
    "next_step",
    "open_prompt",
    "open_room",
    "parse_snapshot",
    "pass_prompt",
    "phone_count",
    "phone_revision",
    "phone_room_id",
    "phone_view",
    "previous_step",
    "private_texts",
    "programme_end",
    "purge_expired",
    "purge_room",
    "response_count",
    "reveal_prompt",
    "revision",
    "room_deletion",
    "room_for_display",
    "room_record",
    "set_group_retention",
    "set_max_phones",
    "set_paused",
    "shared_phone_view",
    "show_text_page",
    "submit_answer",
    "validate_answer",
    "withdraw_answer",
]
