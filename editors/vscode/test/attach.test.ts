// Which documents are sent to the server: JSON always, YAML and Terraform only with a policy.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hostOf, isServed } from "../src/attach";

const CFN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
`;

const SERVERLESS = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: dynamodb:GetItem
`;

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
`;

const TERRAFORM = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
`;

const DOCUMENT = `data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:GetObject"]
  }
}
`;

const NETWORK = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
`;

describe("isServed", () => {
  it("sends every JSON document", () => {
    assert.equal(isServed("json", "/w/package.json", '{"name": "x"}'), true);
    assert.equal(isServed("jsonc", "/w/tsconfig.json", "{}"), true);
  });

  it("sends CloudFormation templates and serverless.yml with statements, not docker-compose.yml", () => {
    assert.equal(isServed("yaml", "/w/template.yaml", CFN), true);
    assert.equal(isServed("yaml", "/w/serverless.yml", SERVERLESS), true);
    assert.equal(isServed("yaml", "/w/docker-compose.yml", COMPOSE), false);
    assert.equal(isServed("yaml", "/w/template.yaml", '{"Statement": []}'), true);
  });

  it("sends Terraform files with a policy, whatever the language id, not others", () => {
    assert.equal(isServed("terraform", "/w/main.tf", TERRAFORM), true);
    assert.equal(isServed("plaintext", "/w/iam.tf", DOCUMENT), true);
    assert.equal(isServed("terraform", "/w/vpc.tf", NETWORK), false);
  });

  it("sends nothing else", () => {
    assert.equal(isServed("markdown", "/w/README.md", CFN), false);
    assert.equal(isServed("plaintext", "/w/notes.txt", TERRAFORM), false);
  });
});

describe("hostOf", () => {
  it("knows YAML and Terraform by language id or file name", () => {
    assert.equal(hostOf("yaml", "/w/x"), "yaml");
    assert.equal(hostOf("plaintext", "/w/serverless.YML"), "yaml");
    assert.equal(hostOf("hcl", "/w/x"), "terraform");
    assert.equal(hostOf("plaintext", "/w/main.tf"), "terraform");
    assert.equal(hostOf("json", "/w/p.json"), undefined);
  });
});
