"""The store: SQLAlchemy 2 async models, the engine and one query module per aggregate."""
