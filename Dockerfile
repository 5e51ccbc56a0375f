# Production image: uvicorn serving Django + Channels, Celery workers and beat from the same image;
# PostgreSQL and Redis come from compose. Every build step fails the build when it fails.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# gettext: msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 vim
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# The build steps (Deduce cache, static files with their manifest, translations, deploy check)
# live in one script that the production smoke test runs too.
RUN sh bin/build \
    && chown -R root:root /app \
    && chmod -R a-w,a+rX /app

# Runs as an unprivileged user; /app and site-packages belong to root and stay read-only.
USER vim
EXPOSE 8000
CMD ["sh", "bin/serve"]
