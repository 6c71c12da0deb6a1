from tests.conftest import add_household, resident_id
from datetime import date
def test_probe(store, territory):
    hh, ps = add_household(store, territory.w1, territory.grid_a1, "学堂冲1号", [("张伟", resident_id(date(1950,1,2))), ("李娜", "")])
    print(hh.id, [p.id for p in ps])
    conn = store.raw()
    print(conn.execute("select created_at, grid_code from household").fetchall())
    print(conn.execute("select * from alembic_version").fetchall())
