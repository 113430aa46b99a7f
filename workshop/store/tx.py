"""``Tx``: one open transaction, whose methods are the app's queries."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from workshop.store.access import AccessQueries
from workshop.store.forget import Forgetting
from workshop.store.groups_rooms import GroupRoomQueries
from workshop.store.notices_settings import NoticeSettingQueries
from workshop.store.phones_answers import PhoneAnswerQueries


class Tx(GroupRoomQueries, PhoneAnswerQueries, NoticeSettingQueries, AccessQueries):
    """One open transaction. Every method is one named query.

    ``forgetting`` collects what the transaction's deletes and rewrites left
    in the files; ``Store.writing`` cleans that up once it has committed.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name
        self.forgetting = Forgetting()
