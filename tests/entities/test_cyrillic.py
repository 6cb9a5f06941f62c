"""Cyrillic text: which language it is written in."""

from newsarchive.entities.cyrillic import language_of


def test_the_language_of_a_cyrillic_text_by_the_letters_only_it_has():
    assert language_of("Президент Володимир Зеленський заявив, що зустріч відбудеться у Києві.") == "uk"
    assert language_of("Президент Владимир Зеленский заявил, что встреча состоится в Киеве.") == "ru"
    assert language_of("Прэзідэнт заявіў, што сустрэча адбудзецца ў Мінску.") == "be"
    assert language_of("President Zelensky said the meeting would take place in Kyiv (Київ).") is None
    assert language_of("") is None
