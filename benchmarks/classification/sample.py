"""Reproduce the sampling order behind twcs_labels.csv (see LABELLING.md).

Usage: python3 sample.py PATH/TO/twcs_subset.csv SUBSET [START END]
Prints position, tweet_id and text of the inbound tweets of SUBSET (threads, random, spotify) in
sampling order, for a person to label. Text goes to the terminal only, never into the project.
"""
import csv
import hashlib
import sys


def subset(row):
    if int(row['tweet_id']) < 8000:
        return 'threads'
    if '@spotifycares' in row['text'].lower():
        return 'spotify'
    return 'random'


def sampling_key(row):
    return hashlib.sha256(('rapport-classify-v1:' + row['tweet_id']).encode()).hexdigest()


def main():
    path, wanted = sys.argv[1], sys.argv[2]
    start = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    end = int(sys.argv[4]) if len(sys.argv) > 4 else 160
    with open(path, newline='', encoding='utf-8') as f:
        rows = [r for r in csv.DictReader(f) if r['inbound'] == 'True' and subset(r) == wanted]
    rows.sort(key=sampling_key)
    for i, r in enumerate(rows[start:end], start):
        print(f"{i}\t{r['tweet_id']}\t{r['text'].replace(chr(10), ' / ')}")


if __name__ == '__main__':
    main()
