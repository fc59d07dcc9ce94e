import sys

from coachdesk.cli import main

sys.exit(main())
