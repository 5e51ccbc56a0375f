# Production image: uvicorn serving Django + Channels; PostgreSQL and Redis come from compose.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --create-home --uid 1000 vim
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Deduce builds its lookup cache inside site-packages on first use (~1 min): do it at build time,
# so no request ever waits for it and site-packages can stay read-only at run time.
RUN python -m incidents.deidentify --build-cache \
    && DEBUG=1 python manage.py collectstatic --noinput \
    && DEBUG=1 python manage.py compilemessages --ignore=.venv 2>/dev/null || true

USER vim
EXPOSE 8000
# Several worker processes share PostgreSQL and Redis; each holds one de-identification checker.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && exec uvicorn project.asgi:application --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY:-2} --proxy-headers --forwarded-allow-ips='*' --ws-ping-interval 30 --ws-ping-timeout 120 --ws-per-message-deflate false --no-access-log"]
