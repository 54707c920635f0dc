"""Django settings for the xblock-sdk workbench in tests: the stock settings with absolute paths.

The stock settings write var/workbench.db and var/workbench.log relative to the working
directory; here everything lives in $CPQ_WORKBENCH_VAR (a temporary folder the tests make).
"""

import os
import tempfile

from workbench.settings import *  # noqa: F401,F403 - the stock workbench, changed only below
from workbench.settings import LOGGING

VAR = os.environ.get("CPQ_WORKBENCH_VAR") or tempfile.mkdtemp(prefix="cpq-workbench-")
os.makedirs(VAR, exist_ok=True)

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(VAR, "workbench.db"),
                         "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}, "TEST": {"NAME": os.path.join(VAR, "test.db")}}}
# A cache shared by every workbench process on this database, with an atomic add(), like the
# LMS's Memcached or Redis: the block claims learner-state writes in it (claims.py). SQLite
# transactions start IMMEDIATE so that one that reads then writes (the cache's add) waits for
# another process's write instead of failing at once, which the cache would report as "taken".
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cpq_cache"}}
DJFS = {"type": "osfs", "directory_root": os.path.join(VAR, "djpyfs"), "url_root": "/static/djpyfs"}
LOGGING["handlers"]["logfile"]["filename"] = os.path.join(VAR, "workbench.log")
# Only our block in the workbench's list; the sample blocks stay out of the way.
EXCLUDED_XBLOCKS = {"allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo",
                    "html_demo", "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs",
                    "view_counter_demo", "debugchild", "sequence_demo"}
