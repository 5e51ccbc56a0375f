"""A check from a web-like process of the production smoke test: one round trip to the checker
worker (run as `python -m tests.e2e.production_check INCIDENT_ID` in the built tree).

Prints one JSON line: the findings' kinds and texts, and whether this process loaded Deduce.
"""

import json
import os
import sys

TEXT = "Bij de overdracht kreeg Henk Zwanenburg (geboren 12-03-1950) de verkeerde brief mee."


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()
    from incidents import checker

    findings = checker.scan(TEXT, source=("incident", int(sys.argv[1])))
    print(
        json.dumps(
            {
                "findings": [[f.kind, f.text] for f in findings],
                "deduce_loaded_here": "deduce" in sys.modules,
            }
        )
    )


if __name__ == "__main__":
    main()
