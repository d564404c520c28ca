import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadBalancerControllerPolicy } from "../../infra/cluster/load-balancer-controller-policy";
import { allows } from "./iam-policy";

const policy = loadBalancerControllerPolicy("eshop-dev");
const targetGroup = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${name}/0123456789abcdef`;

describe("the Load Balancer Controller's policy (Pulumi owns the ALB; the controller registers targets)", () => {
  const forbidden = [
    "CreateLoadBalancer",
    "DeleteLoadBalancer",
    "ModifyLoadBalancerAttributes",
    "SetSecurityGroups",
    "SetSubnets",
    "CreateListener",
    "DeleteListener",
    "ModifyListener",
    "CreateRule",
    "DeleteRule",
    "ModifyRule",
    "SetRulePriorities",
    "CreateTargetGroup",
    "DeleteTargetGroup",
    "ModifyTargetGroup",
    "AddTags",
    "RemoveTags",
    "SetWebAcl",
  ];
  for (const action of forbidden) {
    it(`cannot elasticloadbalancing:${action}`, () => assert.equal(allows(policy, `elasticloadbalancing:${action}`), false));
  }
  for (const action of [
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:RevokeSecurityGroupIngress",
    "ec2:CreateSecurityGroup",
    "ec2:DeleteSecurityGroup",
    "ec2:CreateTags",
    "wafv2:AssociateWebACL",
    "shield:CreateProtection",
    "iam:CreateServiceLinkedRole",
  ]) {
    it(`cannot ${action}`, () => assert.equal(allows(policy, action), false));
  }

  it("registers and deregisters targets in this stack's target groups only", () => {
    for (const action of ["RegisterTargets", "DeregisterTargets"]) {
      assert.equal(allows(policy, `elasticloadbalancing:${action}`, targetGroup("eshop-dev-user-service")), true);
      assert.equal(allows(policy, `elasticloadbalancing:${action}`, targetGroup("eshop-prod-user-service")), false, "not another stack's");
    }
  });

  it("can describe what it reconciles", () => {
    for (const action of [
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTargetGroups",
      "ec2:DescribeNetworkInterfaces",
    ]) {
      assert.equal(allows(policy, action), true, action);
    }
  });

  it("the evaluator itself sees a wildcard grant (so the refusals above can fail)", () => {
    const broad = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" }] });
    assert.equal(allows(broad, "elasticloadbalancing:CreateLoadBalancer"), true);
  });
});
