"""Presidents of the United States and their years in office (public record), so that a page's
"President Kennedy" or "President Wilson" in a dated document names one person even where the
surname is shared by several persons of the authority."""

from __future__ import annotations

# (name as the authority writes it, first year, last year): a year of a change of office
# counts for both presidents; the surname tells them apart.
US_PRESIDENTS: tuple[tuple[str, int, int], ...] = (
    ("Abraham Lincoln", 1861, 1865),
    ("Andrew Johnson", 1865, 1869),
    ("Ulysses S. Grant", 1869, 1877),
    ("Rutherford B. Hayes", 1877, 1881),
    ("James A. Garfield", 1881, 1881),
    ("Chester A. Arthur", 1881, 1885),
    ("Grover Cleveland", 1885, 1889),
    ("Benjamin Harrison", 1889, 1893),
    ("Grover Cleveland", 1893, 1897),
    ("William McKinley", 1897, 1901),
    ("Theodore Roosevelt", 1901, 1909),
    ("William Howard Taft", 1909, 1913),
    ("Woodrow Wilson", 1913, 1921),
    ("Warren G. Harding", 1921, 1923),
    ("Calvin Coolidge", 1923, 1929),
    ("Herbert Hoover", 1929, 1933),
    ("Franklin D. Roosevelt", 1933, 1945),
    ("Harry S. Truman", 1945, 1953),
    ("Dwight D. Eisenhower", 1953, 1961),
    ("John F. Kennedy", 1961, 1963),
    ("Lyndon B. Johnson", 1963, 1969),
    ("Richard Nixon", 1969, 1974),
    ("Gerald Ford", 1974, 1977),
    ("Jimmy Carter", 1977, 1981),
    ("Ronald Reagan", 1981, 1989),
    ("George H. W. Bush", 1989, 1993),
    ("Bill Clinton", 1993, 2001),
)


def us_president(surname: str, year: int) -> str | None:
    """The full name of the president of that surname in office in `year`, or None."""
    folded = surname.casefold()
    found = {
        name for name, start, end in US_PRESIDENTS
        if start <= year <= end and name.split()[-1].casefold() == folded
    }
    return found.pop() if len(found) == 1 else None


def us_president_in(year: int) -> str | None:
    """The president of the United States in `year`, or None in a year of a change of office."""
    found = {name for name, start, end in US_PRESIDENTS if start <= year <= end}
    return found.pop() if len(found) == 1 else None
