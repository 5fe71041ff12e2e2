FROM python:3.11-slim
# The cover image's text needs a font with Vietnamese letters: feeds/cover.py looks for DejaVu Sans Bold.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY articles articles
COPY vntext vntext
COPY audio audio
COPY feeds feeds
COPY worker worker
COPY web web
COPY loa loa
COPY cli cli
COPY examples examples
RUN pip install --no-cache-dir .
# Every process runs as an unprivileged user that owns the data directory (a new named volume takes
# the owner of the folder it is mounted on).
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin loa \
    && mkdir -p /data \
    && chown loa:loa /data
USER loa
ENV LOA_DATA_DIR=/data
VOLUME ["/data"]
CMD ["loa", "--help"]
