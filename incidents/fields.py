"""Encryption at rest for patient fields, with keys independent of SECRET_KEY.

settings.FIELD_ENCRYPTION_KEYS is a list of Fernet keys: the first encrypts, all decrypt, so a
new key can be put in front and `manage.py rotate_field_keys` re-encrypts every value with it.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def field_fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; an empty value stays empty.

    It cannot be searched or ordered on: that is the point.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return field_fernet().encrypt(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return field_fernet().decrypt(value.encode()).decode()
