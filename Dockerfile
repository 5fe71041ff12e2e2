FROM python:3.11-slim
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
ENV LOA_DATA_DIR=/data
VOLUME ["/data"]
CMD ["loa", "--help"]
