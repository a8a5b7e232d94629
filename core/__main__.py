from pagenorm.cli import main

raise SystemExit(main())
