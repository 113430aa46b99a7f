"""Push to the live screens: who may follow a room, and telling them it changed.

No streamlit and no SQL here (the queries are in ``workshop.store.watch``).

Modules: ``tickets`` (short-lived signed tickets for the console and a future
presenter remote), ``events`` (the server-sent event lines), ``notifier``
(one per process: learns of changes once per room and wakes every stream of
that room), ``views`` (a room read once per revision for all its screens).
Callers import the submodules directly.
"""
