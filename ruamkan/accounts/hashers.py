from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """argon2id at OWASP's 19 MiB / t=2 instead of Django's 100 MiB: a login flood on two cores
    must not exhaust memory (security.md M8), while each guess still costs ~50 ms."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
