# Chorus in production: one image holding the Python server and the built client.
# docker-compose.yml runs it next to PostgreSQL 15.

# --- the client: built once, only client/dist is kept ------------------------------------------
FROM node:20 AS client
WORKDIR /client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/index.html client/vite.config.ts client/tsconfig.json ./
COPY client/public ./public
COPY client/src ./src
RUN npx vite build

# --- the app --------------------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# The PDF exports: WeasyPrint lays text out with Pango; Amiri shapes Arabic, WenQuanYi Micro Hei
# covers Chinese and Japanese, DejaVu the rest.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core fonts-hosny-amiri fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY server ./server
COPY schemas ./schemas
RUN pip install . && rm -rf build
COPY --from=client /client/dist ./client/dist

# Not root; /data (the named volume) starts out owned by this user.
RUN useradd --system --create-home --home-dir /home/chorus chorus \
    && mkdir /data && chown chorus:chorus /data
USER chorus
ENV CHORUS_DATA_DIR=/data \
    CHORUS_CLIENT_DIST=/app/client/dist
VOLUME ["/data"]
EXPOSE 8000

# `exec` so that `docker stop`'s SIGTERM reaches the server itself: the graceful path flushes the
# update log and snapshots the open rooms.
CMD ["sh", "-c", "chorus migrate && exec chorus serve --host 0.0.0.0 --port 8000"]
