"""The menus: the organisation's pages under one item with tabs, the records under another."""

from campaign.models import Role


def test_the_office_reaches_the_agency_units_and_people_through_one_item_and_its_tabs(logged_in):
    client, _ = logged_in(Role.OFFICE)
    html = client.get("/don-vi").get_data(as_text=True)
    assert 'aria-label="Tổ chức"' in html
    for href, label in (("/co-quan", "Cơ quan"), ("/don-vi", "Đơn vị"), ("/can-bo", "Cán bộ")):
        assert f'href="{href}">{label}</a>' in html or f'href="{href}">{label}' in html, label
    assert 'class="nav-link active" aria-current="page" href="/don-vi"' in html
    for path in ("/co-quan", "/can-bo"):
        page = client.get(path).get_data(as_text=True)
        assert f'class="nav-link active" aria-current="page" href="{path}"' in page, path
    menu = client.get("/").get_data(as_text=True)
    assert ">Tổ chức<" in menu and ">Cơ quan<" not in menu.split('data-testid="menu"')[1].split("</nav>")[0]


def test_a_unit_officer_has_its_people_without_the_organisation_tabs(logged_in):
    client, _ = logged_in(Role.UNIT_OFFICER)
    html = client.get("/can-bo").get_data(as_text=True)
    assert 'aria-label="Tổ chức"' not in html
    assert "Cán bộ đơn vị" in html
