"""Excel for the office (Qt-free): rosters in (``roster*``), the report and
the ledgers (台账) out (:mod:`.report`, :mod:`.ledgers`)."""
