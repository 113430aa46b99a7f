"""``Tx``: one open transaction, whose methods are the app's queries."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from workshop.store.groups_rooms import GroupRoomQueries
from workshop.store.notices_settings import NoticeSettingQueries
from workshop.store.phones_answers import PhoneAnswerQueries


class Tx(GroupRoomQueries, PhoneAnswerQueries, NoticeSettingQueries):
    """One open transaction. Every method is one named query."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name
