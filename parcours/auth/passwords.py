"""The password policy: 12 characters at least, not only spaces, not a common password and not
easy to guess.

« Common » is zxcvbn's list of the 30,000 most frequent passwords of public leaks (the zxcvbn
package ships it) and, because those lists are mostly English, a short list of French favourites
written here, compared once the digits, spaces and signs around a word are taken off
(`Soleil2024!` is `soleil`). « Easy to guess » is zxcvbn's estimate below 10⁸ guesses (its score
3): keyboard walks (`1qaz2wsx3edc`), repeats (`jetaimejetaime`), sequences and dates, words of
its dictionaries with digits around them, and the parts of the user's own e-mail address.
"""

from __future__ import annotations

import re
from functools import cache

MIN_LENGTH = 12
MAX_LENGTH = 1000
_ESTIMATED = 64  # zxcvbn's cost grows faster than the length; what follows only adds strength
_MIN_SCORE = 3  # zxcvbn: 3 is « safely unguessable » online, 10⁸ guesses or more

# Frequent French passwords and the words they are built on, for what the English lists miss.
FRENCH = frozenset("""
azerty azertyuiop azertyuiop123 azerty123 qsdfghjklm wxcvbn motdepasse motdepasse123 mdp
soleil doudou chouchou loulou marseille jetaime jetaimemoncoeur bonjour coucou princesse
nicolas camille julien thomas alexandre chocolat football portugal olivier pompier bisounours
poupette vivelavie toulouse bordeaux nantes paris lyon lille france amour bebe maison chaton
chatoune titou zidane caramel tintin papillon fripouille minette mamour allezlom allezparis
marseille13 psg paris75 bretagne normandie vacances famille bienvenue salut sophie nathalie
isabelle martine michel philippe patrick frederic stephane secret confidentiel administrateur
utilisateur formation association entreprise mairie parcours adoc
""".split())

_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 30,000 words: read once, when needed

    return frozenset(FREQUENCY_LISTS["passwords"]) | FRENCH


def problem(password: str, email: str = "") -> str | None:
    """Why this password is refused (`password_too_short`, `password_too_long`, `password_weak`),
    or None when it is acceptable."""
    if len(password.strip()) < MIN_LENGTH:
        return "password_too_short"  # ten spaces, or twelve with one letter, are too short
    if len(password) > MAX_LENGTH:
        return "password_too_long"
    lowered = password.lower()
    core = re.sub(r"\s+", "", _AROUND.sub("", lowered))
    if lowered in _common() or re.sub(r"\s+", "", lowered) in _common() or core in _common():
        return "password_weak"
    from zxcvbn import zxcvbn  # its dictionaries take a fifth of a second to load: at first use

    email = email.lower()
    hints = [email, *(part for part in re.split(r"[@.+_-]", email) if len(part) > 2)]
    if zxcvbn(password[:_ESTIMATED], user_inputs=hints)["score"] < _MIN_SCORE:
        return "password_weak"
    return None
