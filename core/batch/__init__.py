"""The batch: many pages in, one output, on every core of a machine or a Dask cluster.

- ``inputs``: files, folders, globs, stdin, JSON Lines and WARC/WET into page records;
- ``pool``: chunks of records through a process pool, error records, the run's summary;
- ``workers``: that pool's worker processes, watched: a dead one costs its page, a stuck
  one is killed from outside, all end with the driver;
- ``outputs``: streams, shards and per-page files, each written atomically; ``parquet``:
  the Parquet shard writer;
- ``jobs``: ``pagenorm run JOB.yaml`` and the flags of ``pagenorm convert``, as one job;
- ``engines.dask``: the same conversion on dask.distributed.

It imports the engine (``pagenorm.api``, ``model``, ``reading``, ``config``, ...) and, in
``jobs``, the review sample; the engine never imports it.
"""
